"""The interactive API documentation, served entirely from this server."""

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


class LocalSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the bundled sidecar files, with its start-up script as a separate same-origin file.

    Swagger UI by default shows a badge fetched from validator.swagger.io; an office network may
    have no internet and must not send its schema out, so the validator is switched off.
    """

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if "settings" in response.data:
            ui_settings = {**spectacular_settings.SWAGGER_UI_SETTINGS, "validatorUrl": None}
            response.data["settings"] = self._dump(ui_settings)
        return response
