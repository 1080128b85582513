from django.urls import path

from bipin.committees import views

app_name = "committees"
base = "c/<slug:slug>/committees/"
one = base + "<id:committee_id>/"
entry = one + "entries/<id:entry_id>/"
urlpatterns = [
    path(base, views.committees, name="list"),
    path(base + "new/", views.create, name="create"),
    path(one, views.detail, name="detail"),
    path(one + "appoint/", views.appoint, name="appoint"),
    path(one + "members/<id:member_id>/", views.history, name="history"),
    path(one + "members/<id:member_id>/conflicts/", views.conflicts, name="conflicts"),
    path(one + "members/<id:member_id>/position/", views.position, name="position"),
    path(one + "members/<id:member_id>/relieve/", views.relieve, name="relieve"),
    path(one + "entries/new/", views.add_entry, name="add_entry"),
    path(one + "decisions.xlsx", views.export, name="export"),
    path(entry, views.entry, name="entry"),
    path(entry + "review/", views.review, name="review"),
    path(entry + "assign/", views.assign, name="assign"),
    path(entry + "decide/", views.decide, name="decide"),
    path(entry + "reopen/", views.reopen, name="reopen"),
]
