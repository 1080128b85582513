from django.urls import path, re_path

from bipin.reporting import api, views

app_name = "reporting"
D = "c/<slug:slug>/reporting/d/<str:department>/"
urlpatterns = [
    path("c/<slug:slug>/reporting/", views.index, name="index"),
    path(D, views.grid, name="grid"),
    path(D + "template.xlsx", views.template, name="template"),
    path(D + "upload/", views.upload, name="upload"),
    path(D + "submit/", views.submit, name="submit"),
    path(D + "review/", views.decide, name="review"),
    path(D + "reopen/", views.reopen, name="reopen"),
    path(D + "deadline/", views.deadline, name="deadline"),
    path(D + "history/", views.history, name="history"),
    path(D + "evidence/", views.attach, name="attach"),
    path("api/reporting/openapi.json", api.openapi, name="api_openapi"),
    path("api/reporting/<slug:slug>/departments/<str:department>/grid", api.grid, name="api_grid"),
    path(
        "api/reporting/<slug:slug>/departments/<str:department>/values",
        api.values,
        name="api_values",
    ),
    path(
        "api/reporting/<slug:slug>/departments/<str:department>/submit",
        api.submit,
        name="api_submit",
    ),
    path(
        "api/reporting/<slug:slug>/departments/<str:department>/review",
        api.review,
        name="api_review",
    ),
    re_path(r"^api/reporting/", api.unknown, name="api_unknown"),
]
