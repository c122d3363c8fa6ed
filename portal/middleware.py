from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivacyHeadersMiddleware:
    """Headers Django has no setting for.

    Pages of a visit that must not be kept by the browser (forms, confirmations, staff
    pages) set `request.no_store = True` or use `portal.views.no_store`; everything staff
    see under the admin is never cached either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The portal uses no camera, microphone or location: say so, so nothing embedded can.
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "no_store", False) or "/admin/" in request.path:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class PrivateWhenSettingCookiesMiddleware:
    """A public page answered with a cookie (a visit's session is renewed on every request)
    is marked private, so no shared proxy keeps the cookie and hands it to someone else.

    It sits before the session and CSRF middleware, so it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response
