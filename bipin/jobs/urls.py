from django.urls import path

from bipin.jobs import views

app_name = "jobs"
urlpatterns = [
    path("c/<slug:slug>/jobs/<id:job_id>/", views.job, name="job"),
    path("c/<slug:slug>/jobs/<id:job_id>/status.json", views.job_status, name="status"),
    path("c/<slug:slug>/jobs/<id:job_id>/cancel/", views.cancel, name="cancel"),
    path("c/<slug:slug>/jobs/<id:job_id>/download/", views.download, name="download"),
]
