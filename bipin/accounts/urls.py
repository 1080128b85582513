from django.contrib.auth import views as auth_views
from django.urls import path

from bipin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("link/<str:token>/", views.link_login, name="link_login"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<id:invitation_id>/accept/", views.invitation_accept,
         name="invitation_accept"),
    path("invitations/<id:invitation_id>/decline/", views.invitation_decline,
         name="invitation_decline"),
]
