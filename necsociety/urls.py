from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.health import HealthView
from home import views as home_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # Browsers and feed readers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("donations/", include("donations.urls")),
    # Runners joining a team, signing in by emailed link, and their dashboard (stories/runners/views.py).
    path("runners/", include("stories.urls")),
    # For monitoring: 200 when the database, the cache and the email queue are well, else 503 (core/health.py).
    path(
        "health/",
        HealthView.as_view(
            checks=["health_check.checks.Database", "health_check.checks.Cache", "core.health.EmailQueue"]
        ),
        name="health",
    ),
    # For the load balancer: can this server answer readers? (A stopped email worker is no reason to
    # take it out of rotation.)
    path(
        "health/web/",
        HealthView.as_view(checks=["health_check.checks.Database", "health_check.checks.Cache"]),
        name="health_web",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
