from django.urls import path

from bipin.supervision import views

app_name = "supervision"
urlpatterns = [
    path("c/<slug:slug>/supervision/", views.records, name="records"),
    path("c/<slug:slug>/supervision/new/", views.new, name="new"),
    path("c/<slug:slug>/supervision/import/", views.import_file, name="import"),
    path("c/<slug:slug>/supervision/submit/", views.submit, name="submit"),
    path("c/<slug:slug>/supervision/review/", views.review, name="review"),
    path("c/<slug:slug>/supervision/export/", views.export, name="export"),
    path("c/<slug:slug>/supervision/mine/", views.mine, name="mine"),
    path("c/<slug:slug>/supervision/<id:pk>/", views.record, name="record"),
    path("c/<slug:slug>/supervision/<id:pk>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/supervision/<id:pk>/correct/", views.correct, name="correct"),
    path("c/<slug:slug>/supervision/<id:pk>/approve/", views.approve, name="approve"),
    path("c/<slug:slug>/supervision/<id:pk>/return/", views.send_back, name="return"),
]
