from django.urls import path, re_path

from bipin.inspections import api, views, views_draw, views_setup

app_name = "inspections"
urlpatterns = [
    path("c/<slug:slug>/inspections/rounds/", views_setup.rounds, name="rounds"),
    path("c/<slug:slug>/inspections/rounds/<id:round_id>/", views_setup.round_detail, name="round"),
    path(
        "c/<slug:slug>/inspections/visits/<id:visit_id>/draws/",
        views_draw.site_draws,
        name="site_draws",
    ),
    path(
        "c/<slug:slug>/inspections/visits/<id:visit_id>/draws/<id:number>/reveal/",
        views_draw.reveal,
        name="site_draw_reveal",
    ),
    path("c/<slug:slug>/inspections/record/", views.record, name="record"),
    path("c/<slug:slug>/inspections/team/", views.team_findings, name="team_findings"),
    path("c/<slug:slug>/inspections/findings/", views.findings, name="findings"),
    path("c/<slug:slug>/inspections/findings/<id:finding_id>/", views.finding, name="finding"),
    path(
        "c/<slug:slug>/inspections/findings/<id:finding_id>/confirm/", views.confirm, name="confirm"
    ),
    path(
        "c/<slug:slug>/inspections/findings/<id:finding_id>/return/", views.send_back, name="return"
    ),
    path(
        "c/<slug:slug>/inspections/findings/<id:finding_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("c/<slug:slug>/inspections/findings/<id:finding_id>/appeal/", views.appeal, name="appeal"),
    path("c/<slug:slug>/inspections/appeals/<id:appeal_id>/decide/", views.decide, name="decide"),
    path("c/<slug:slug>/inspections/feedback/", views.feedback, name="feedback"),
    path("api/inspections/openapi.json", api.openapi, name="api_openapi"),
    path("api/inspections/<slug:slug>/visits", api.visits, name="api_visits"),
    path("api/inspections/<slug:slug>/findings", api.findings, name="api_findings"),
    path("api/inspections/<slug:slug>/findings/<str:key>", api.finding_by_key, name="api_finding"),
    path(
        "api/inspections/<slug:slug>/visits/<id:visit_id>/draws/<id:number>.json",
        api.site_draw,
        name="api_site_draw",
    ),
    re_path(r"^api/inspections/", api.unknown, name="api_unknown"),
]
