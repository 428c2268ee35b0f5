"""The staff's page of giving statements: download any donor's statement for a year (PDF), and see
which statements `send_giving_statements` has sent."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .models import GivingStatement
from .statements import gifts_of, statement_filename, statement_pdf

STATEMENTS_PER_PAGE = 100


class StatementForm(forms.Form):
    email = forms.EmailField(label="Donor's email", help_text="The address the donor gave with.")
    year = forms.IntegerField(label="Year", min_value=2000, help_text="The calendar year, e.g. 2026.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.now().year:
            raise forms.ValidationError("That year has not started yet.")
        return year

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and "year" in cleaned and not gifts_of(cleaned["email"], cleaned["year"]).exists():
            raise forms.ValidationError(f"No gift that counts from {cleaned['email']} in {cleaned['year']}.")
        return cleaned


@permission_required("donations.view_donation", raise_exception=True)
def giving_statements_view(request):
    asked = {"email", "year"} & request.GET.keys()  # not ?p=2 alone, which pages through the list
    form = StatementForm(request.GET if asked else None)
    if asked and form.is_valid():
        email, year = form.cleaned_data["email"], form.cleaned_data["year"]
        gifts = list(gifts_of(email, year))
        response = HttpResponse(statement_pdf(email, year, gifts), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{statement_filename(year)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    statements = Paginator(GivingStatement.objects.all(), STATEMENTS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "donations/admin/giving_statements.html",
        {
            "form": form,
            "statements": statements,
            "elided_page_range": statements.paginator.get_elided_page_range(statements.number),
            "header_title": "Giving statements",
        },
    )


def admin_urls():
    return [path("donations/giving-statements/", giving_statements_view, name="donations_giving_statements")]


def admin_url():
    return reverse("donations_giving_statements")
