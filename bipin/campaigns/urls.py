from django.urls import path

from bipin.campaigns import public, views

app_name = "campaigns"
base = "c/<slug:slug>/campaign/"
village = base + "villages/<id:village_id>/"
urlpatterns = [
    path("campaigns/new/", views.create, name="create"),
    path(base, views.home, name="home"),
    path(base + "households/", views.households, name="households"),
    path(base + "scores/", views.scores, name="scores"),
    path(base + "people/", views.people, name="people"),
    path(base + "summary/", views.summary, name="summary"),
    path(base + "summary.xlsx", views.export, name="export"),
    path(base + "objections/", views.objections, name="objections"),
    path(base + "objections/<id:objection_id>/answer/", views.answer, name="answer"),
    path(village, views.village, name="village"),
    path(village + "codes.xlsx", views.codes, name="codes"),
    path(village + "answers.xlsx", views.answers_template, name="answers_template"),
    path(village + "review/", views.review, name="review"),
    path(village + "sample/", views.sample, name="sample"),
    path(village + "decide/", views.decide, name="decide"),
    path(village + "publish/", views.publish, name="publish"),
    path(base + "households/<id:household_id>/score/", views.score, name="score"),
    path("campaign/<slug:slug>/villages/<id:village_id>/", public.notice, name="notice"),
    path("campaign/<slug:slug>/check/", public.check, name="check"),
]
