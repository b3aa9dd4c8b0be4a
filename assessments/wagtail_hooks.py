"""Admin registration and extension points of the assessments app."""

from wagtail.snippets.models import register_snippet

from .admin_views import H5PPackageViewSet

register_snippet(H5PPackageViewSet)
