from django.urls import path

from bipin.rectification import recheck_views, views

app_name = "rectification"
base = "c/<slug:slug>/rectification/"
urlpatterns = [
    path(base, views.tasks, name="tasks"),
    path(base + "ledger.xlsx", views.export, name="export"),
    path(base + "terms/", views.terms, name="terms"),
    path(base + "extensions/<id:extension_id>/", views.decide, name="decide"),
    path(base + "<id:task_id>/", views.task, name="task"),
    path(base + "<id:task_id>/answer/", views.answer, name="answer"),
    path(base + "<id:task_id>/verify/", views.verify, name="verify"),
    path(base + "<id:task_id>/close/", views.close, name="close"),
    path(base + "<id:task_id>/deadline/", views.deadline, name="deadline"),
    path(base + "<id:task_id>/extension/", views.extension, name="extension"),
    path(base + "recheck/", recheck_views.rounds, name="rechecks"),
    path(base + "recheck/<id:round_id>/", recheck_views.round_page, name="recheck"),
    path(base + "recheck/<id:round_id>/<id:finding_id>/", recheck_views.record, name="record"),
    path(
        base + "recheck/<id:round_id>/<id:finding_id>/correct/",
        recheck_views.correct,
        name="correct",
    ),
]
