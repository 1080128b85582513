from django.urls import path

from bipin.periodic import views, views_setup

app_name = "periodic"
P = "c/<slug:slug>/periodic/"
F = P + "forms/<id:form_id>/"
R = F + "periods/<id:period_id>/units/<id:unit_id>/"
urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "units/", views_setup.unit_list, name="units"),
    path(P + "units/import/", views_setup.unit_import, name="unit_import"),
    path(P + "units/<id:unit_id>/", views_setup.unit_edit, name="unit_edit"),
    path(P + "units/<id:unit_id>/delete/", views_setup.unit_delete, name="unit_delete"),
    path(P + "units/<id:unit_id>/people/", views_setup.unit_person, name="unit_person"),
    path(P + "people/<id:person_id>/remove/", views_setup.person_remove, name="person_remove"),
    path(P + "forms/new/", views_setup.form_create, name="form_create"),
    path(F, views_setup.form_detail, name="form"),
    path(F + "fields/", views_setup.field_add, name="field_add"),
    path(F + "periods/", views_setup.periods_add, name="periods_add"),
    path(F + "fields/<id:field_id>/map/", views_setup.field_map, name="field_map"),
    path(R, views.report, name="report"),
    path(R + "attach/", views.attach, name="attach"),
    path(R + "submit/", views.submit, name="submit"),
    path(R + "approve/", views.approve, name="approve"),
    path(R + "return/", views.send_back, name="return"),
    path(R + "undo/", views.undo, name="undo"),
    path(R + "reopen/", views.reopen, name="reopen"),
]
