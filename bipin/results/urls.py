from django.urls import path

from bipin.results import preview, views

app_name = "results"
urlpatterns = [
    path("c/<slug:slug>/results/", views.desk, name="desk"),
    path("c/<slug:slug>/results/compute/", views.compute, name="compute"),
    path("c/<slug:slug>/results/preview/", preview.preview, name="preview"),
    path("c/<slug:slug>/results/imports/", views.imports, name="imports"),
    path("c/<slug:slug>/results/imports/template.csv", views.import_template, name="import_template"),
    path("c/<slug:slug>/results/imports/<id:batch_id>/", views.batch, name="batch"),
    path("c/<slug:slug>/results/imports/rows/<id:row_id>/correct/", views.correct, name="correct"),
    path("c/<slug:slug>/results/imports/<id:batch_id>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:slug>/results/ranking/", views.ranking, name="ranking"),
    path("c/<slug:slug>/results/cards/", views.cards, name="cards"),
    path("c/<slug:slug>/results/card/<id:entrant_id>/", views.card, name="card"),
    path("c/<slug:slug>/results/card/<id:entrant_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("c/<slug:slug>/results/mine/", views.mine, name="mine"),
    path("c/<slug:slug>/results/release/", views.release, name="release"),
    path("c/<slug:slug>/results/notice/settings/", views.notice_settings, name="notice_settings"),
    path("c/<slug:slug>/notice/", views.notice, name="notice"),
    path("c/<slug:slug>/notice/record.json", views.notice_record, name="notice_record"),
    path("c/<slug:slug>/notice/verify/", views.notice_verify, name="notice_verify"),
    path("c/<slug:slug>/results/export.<str:fmt>", views.export, name="export"),
    path("c/<slug:slug>/results/snapshots/<id:number>/changes/", views.diff, name="diff"),
]
