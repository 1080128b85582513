from django.urls import path, re_path

from bipin.judging import api, draw_views, flight_views, round_views, setup_views, views

app_name = "judging"
urlpatterns = [
    path("c/<slug:slug>/judging/setup/", setup_views.setup, name="setup"),
    path("c/<slug:slug>/judging/setup/panels/<id:panel_id>/", setup_views.panel_edit, name="panel_edit"),
    path("c/<slug:slug>/judging/setup/panels/<id:panel_id>/delete/", setup_views.panel_delete,
         name="panel_delete"),
    path("c/<slug:slug>/judging/score/", views.score, name="score"),
    path("c/<slug:slug>/judging/screen/", views.screen, name="screen"),
    path("c/<slug:slug>/judging/console/", views.console, name="console"),
    path("screen/<str:token>/", views.screen_link, name="screen_link"),
    path("c/<slug:slug>/judging/console/action/", views.console_action, name="console_action"),
    path("c/<slug:slug>/judging/sheets/", views.sheets, name="sheets"),
    path("c/<slug:slug>/judging/judges/<id:judge_id>/new-link/", views.new_link, name="new_link"),
    path("c/<slug:slug>/judging/sheets/<id:sheet_id>/reopen/", views.reopen, name="reopen"),
    path("c/<slug:slug>/judging/sheets/<id:sheet_id>/confirm/", views.confirm, name="confirm"),
    path("c/<slug:slug>/judging/paper/", views.paper, name="paper"),
    path("c/<slug:slug>/judging/labels/", views.labels, name="labels"),
    path("c/<slug:slug>/judging/draws/", draw_views.draws, name="draws"),
    path("c/<slug:slug>/judging/draws/<id:number>/ceremony/", draw_views.ceremony, name="ceremony"),
    path("c/<slug:slug>/draws/", draw_views.public_draws, name="public_draws"),
    path("c/<slug:slug>/judging/rounds/", round_views.rounds, name="rounds"),
    path("c/<slug:slug>/judging/flights/", flight_views.flight_tables, name="flights"),
    path("api/judging/openapi.json", api.openapi, name="api_openapi"),
    path("api/judging/<slug:slug>/tasks", api.tasks, name="api_tasks"),
    path("api/judging/<slug:slug>/sheets", api.submit, name="api_submit"),
    path("api/judging/<slug:slug>/sheets/<str:key>", api.sheet, name="api_sheet"),
    path("api/judging/<slug:slug>/board", api.board, name="api_board"),
    path("api/judging/<slug:slug>/console", api.console, name="api_console"),
    path("api/judging/screen/<str:token>/board", api.screen_link_board, name="api_screen_link_board"),
    path("api/judging/<slug:slug>/draws/<id:number>.json", api.draw_record, name="api_draw_record"),
    # Last: any other URL under the API answers a JSON 404, not the HTML page.
    re_path(r"^api/judging/", api.unknown, name="api_unknown"),
]
