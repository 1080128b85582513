from django.urls import path

from bipin.certificates import views

app_name = "certificates"
base = "c/<slug:slug>/certificates/"
urlpatterns = [
    path(base, views.listing, name="list"),
    path(base + "issue/", views.issue, name="issue"),
    path(base + "<id:certificate_id>.pdf", views.pdf, name="pdf"),
    path(base + "publish/", views.publish, name="publish"),
    path("c/<slug:slug>/winners/", views.winners, name="winners"),
    path("certificates/check/", views.check, name="check"),
]
