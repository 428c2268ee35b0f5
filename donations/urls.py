from django.urls import path

from . import manage_views, views

app_name = "donations"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("challenge/", views.donation_challenge, name="challenge"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("totals/<int:page_id>/", views.totals, name="totals"),
    path("form-token/", views.form_token, name="form_token"),
    path("thank-you/", views.thank_you, name="thank_you"),
    # A monthly donor's own page, opened by their private link (donations/donor_links.py).
    path("monthly/", manage_views.request_link, name="request_link"),
    path("monthly/<str:token>/", manage_views.manage, name="manage"),
    path("monthly/<str:token>/amount/", manage_views.change_amount, name="manage_amount"),
    path("monthly/<str:token>/designation/", manage_views.change_designation, name="manage_designation"),
    path("monthly/<str:token>/card/", manage_views.start_card_update, name="manage_card"),
    path("monthly/<str:token>/cancel/", manage_views.cancel, name="manage_cancel"),
    path("monthly/<str:token>/receipts/<int:donation_id>/", manage_views.receipt, name="manage_receipt"),
    path("give/", views.give, name="give"),
]
