from django.urls import path

from bipin.registration import views

app_name = "registration"
base = "c/<slug:slug>/registrations/"
urlpatterns = [
    path("c/<slug:slug>/register/", views.register, name="register"),
    path("c/<slug:slug>/register/status/", views.status, name="status"),
    path(base, views.listing, name="list"),
    path(base + "window/", views.set_window, name="window"),
    path(base + "import/", views.import_file, name="import"),
    path(base + "export.xlsx", views.export, name="export"),
    path(base + "receiving/", views.receiving, name="receiving"),
    path(base + "measures/", views.add_measure, name="measures"),
    path(base + "codes/", views.codes, name="codes"),
    path(base + "labels.pdf", views.labels, name="labels"),
    path(base + "key.pdf", views.key, name="key"),
    path(base + "<id:pk>/", views.sample, name="sample"),
    path(base + "<id:pk>/receive/", views.receive, name="receive"),
    path(base + "<id:pk>/reject/", views.reject, name="reject"),
]
