from django.urls import path

from bipin.objections import views

app_name = "objections"
base = "c/<slug:slug>/objections/"
urlpatterns = [
    path(base, views.objections, name="list"),
    path(base + "new/", views.file, name="file"),
    path(base + "public/", views.public, name="public"),
    path(base + "settings/", views.policy, name="policy"),
    path(base + "<id:objection_id>/", views.detail, name="detail"),
    path(base + "<id:objection_id>/assign/", views.assign, name="assign"),
    path(base + "<id:objection_id>/note/", views.note, name="note"),
    path(base + "<id:objection_id>/answer/", views.answer, name="answer"),
    path(base + "<id:objection_id>/correct/", views.correct, name="correct"),
    path(base + "<id:objection_id>/close/", views.close, name="close"),
]
