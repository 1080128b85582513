from django.urls import path

from bipin.evidence import views

app_name = "evidence"

urlpatterns = [
    path("c/<slug:slug>/evidence/<int:pk>/", views.file, name="file"),
    path("c/<slug:slug>/evidence/<int:pk>/thumb/", views.thumb, name="thumb"),
]
