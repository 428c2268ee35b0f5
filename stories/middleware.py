"""A withdrawn tribute's address answers 410 Gone, so search engines drop it for good."""

from django.shortcuts import render


class WithdrawnTributeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404:
            from stories.models import WithdrawnTribute

            if WithdrawnTribute.objects.filter(path=request.path).exists():
                return render(request, "stories/tribute_gone.html", status=410)
        return response
