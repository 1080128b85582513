from django.urls import path

from bipin.exams import views, views_marking, views_organizer, views_setup

app_name = "exams"
P = "c/<slug:slug>/exam/"
S = P + "sittings/<id:sitting_id>/"
urlpatterns = [
    path(P, views_organizer.overview, name="overview"),
    path(P + "bank/", views_organizer.bank, name="bank"),
    path(P + "bank/import/", views_organizer.bank_import, name="bank_import"),
    path(P + "bank/export.xlsx", views_organizer.bank_export, name="bank_export"),
    path(P + "bank/<id:question_id>/", views_setup.question_edit, name="question_edit"),
    path(P + "bank/<id:question_id>/delete/", views_setup.question_delete, name="question_delete"),
    path(P + "papers/new/", views_organizer.paper_create, name="paper_create"),
    path(P + "papers/<id:paper_id>/", views_setup.paper_edit, name="paper_edit"),
    path(P + "papers/<id:paper_id>/delete/", views_setup.paper_delete, name="paper_delete"),
    path(P + "sittings/new/", views_organizer.sitting_create, name="sitting_create"),
    path(S + "manage/", views_organizer.sitting, name="sitting"),
    path(S + "edit/", views_setup.sitting_edit, name="sitting_edit"),
    path(S + "delete/", views_setup.sitting_delete, name="sitting_delete"),
    path(S + "candidates/", views_organizer.candidate_add, name="candidate_add"),
    path(S + "candidates/import/", views_organizer.candidates_import, name="candidates_import"),
    path(S + "candidates/<id:candidate_id>/", views_organizer.sheet, name="sheet"),
    path(S + "candidates/links/", views_organizer.candidate_links, name="candidate_links"),
    path(S + "screen/", views_organizer.screen, name="screen"),
    path(S + "analysis/", views_organizer.analysis, name="analysis"),
    path(S + "analysis.xlsx", views_organizer.analysis_export, name="analysis_export"),
    path(S + "marking/", views_marking.queue, name="marking"),
    path(S + "marking/<id:answer_id>/", views_marking.mark, name="mark"),
    path(P + "mine/", views.mine, name="mine"),
    path(S + "enter/<str:token>/", views.enter, name="enter"),
    path(S, views.take, name="take"),
    path(S + "start/", views.start, name="start"),
    path(S + "save/", views.save, name="save"),
    path(S + "submit/", views.submit, name="submit"),
]
