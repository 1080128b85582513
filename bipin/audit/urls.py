from django.urls import path

from bipin.audit import views

app_name = "audit"
urlpatterns = [
    path("c/<slug:slug>/", views.contest_log, name="contest"),
]
