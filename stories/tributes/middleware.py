"""A withdrawn tribute's address answers 410 Gone, so search engines drop it for good."""

from django.shortcuts import render

from .models import WithdrawnTribute


class WithdrawnTributeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and WithdrawnTribute.objects.filter(path=request.path).exists():
            return render(request, "stories/tribute_gone.html", status=410)
        return response
