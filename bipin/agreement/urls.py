from django.urls import path

from bipin.agreement import views

app_name = "agreement"
urlpatterns = [
    path("c/<slug:slug>/judges/", views.index, name="index"),
    path("c/<slug:slug>/judges/<id:panel_id>/", views.panel, name="panel"),
    path("c/<slug:slug>/judges/<id:panel_id>/analysis.xlsx", views.download, name="download"),
]
