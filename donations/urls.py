from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("challenge/", views.donation_challenge, name="challenge"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("totals/<int:page_id>/", views.totals, name="totals"),
    path("form-token/", views.form_token, name="form_token"),
    path("thank-you/", views.thank_you, name="thank_you"),
    path("give/", views.give, name="give"),
]
