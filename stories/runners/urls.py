"""The runners' own addresses (under /runners/): joining a team, signing in by link, the dashboard."""

from django.urls import path

from . import views

urlpatterns = [
    path("join/<int:event_id>/", views.join_team, name="runner_signup"),
    path("join/sent/", views.signup_received, name="runner_signup_received"),
    path("sign-in/", views.request_sign_in_link, name="runner_sign_in_request"),
    path("sign-in/<str:token>/", views.open_sign_in_link, name="runner_sign_in"),
    path("sign-out/", views.sign_out, name="runner_sign_out"),
    path("dashboard/", views.dashboard, name="runner_dashboard"),
    path("dashboard/story/", views.change_story, name="runner_change_story"),
    path("dashboard/goal/", views.change_goal, name="runner_change_goal"),
    path("dashboard/gifts/<int:donation_id>/thank/", views.thank_donor, name="runner_thank_donor"),
    path("dashboard/qr-code.svg", views.qr_code, name="runner_qr_code"),
    path("dashboard/qr-code.png", views.qr_code_png, name="runner_qr_code_png"),
]
