from django.urls import path

from bipin.contests import links_views, scheme_review, views

app_name = "contests"
urlpatterns = [
    path("", views.home, name="home"),
    path("contests/new/", views.create, name="create"),
    path("c/<slug:slug>/", views.detail, name="detail"),
    path("c/<slug:slug>/setup/groups/", views.groups, name="groups"),
    path("c/<slug:slug>/setup/groups/<id:group_id>/delete/", views.group_delete, name="group_delete"),
    path("c/<slug:slug>/setup/entrants/", views.entrants, name="entrants"),
    path("c/<slug:slug>/setup/groups/<id:group_id>/rename/", views.group_rename, name="group_rename"),
    path("c/<slug:slug>/setup/entrants/<id:entrant_id>/", views.entrant_edit, name="entrant_edit"),
    path("c/<slug:slug>/setup/entrants/<id:entrant_id>/delete/", views.entrant_delete, name="entrant_delete"),
    path("c/<slug:slug>/setup/entrants/import/", views.entrants_import, name="entrants_import"),
    path("c/<slug:slug>/setup/people/", views.people, name="people"),
    path("c/<slug:slug>/setup/people/import/", views.people_import, name="people_import"),
    path("c/<slug:slug>/setup/people/<id:membership_id>/", views.role_edit, name="role_edit"),
    path("c/<slug:slug>/setup/people/<id:membership_id>/person/", views.person_edit, name="person_edit"),
    path("c/<slug:slug>/setup/people/<id:membership_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("c/<slug:slug>/setup/people/invitations/<id:invitation_id>/withdraw/",
         views.invitation_withdraw, name="invitation_withdraw"),
    path("c/<slug:slug>/setup/scheme/", views.scheme, name="scheme"),
    path("c/<slug:slug>/setup/scheme/review/", scheme_review.review, name="scheme_review"),
    path("c/<slug:slug>/setup/forms/<str:kind>.xlsx", views.blank_form, name="blank_form"),
    path("c/<slug:slug>/setup/login-links/", links_views.login_links, name="login_links"),
]
