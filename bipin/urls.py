from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("bipin.accounts.urls")),
    path("audit/", include("bipin.audit.urls")),
    path("", include("bipin.judging.urls")),
    path("", include("bipin.agreement.urls")),
    path("", include("bipin.exams.urls")),
    path("", include("bipin.reporting.urls")),
    path("", include("bipin.evidence.urls")),
    path("", include("bipin.inspections.urls")),
    path("", include("bipin.rectification.urls")),
    path("", include("bipin.supervision.urls")),
    path("", include("bipin.periodic.urls")),
    path("", include("bipin.results.urls")),
    path("", include("bipin.jobs.urls")),
    path("", include("bipin.objections.urls")),
    path("", include("bipin.certificates.urls")),
    path("", include("bipin.committees.urls")),
    path("", include("bipin.registration.urls")),
    path("", include("bipin.campaigns.urls")),
    path("", include("bipin.contests.urls")),
]
