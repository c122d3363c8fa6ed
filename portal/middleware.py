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
    """A public page answered with a cookie (a session begun or renewed by it) is marked
    private, so no shared proxy keeps the cookie and hands it to someone else.

    It sits before the session and CSRF middleware, so it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response


# The pages whose requests keep a visit alive: the report's (a draft lasts SESSION_COOKIE_AGE
# after its last page), the office's and the admin's (staff stay signed in while they work).
VISIT_NAMESPACES = {"referrals", "office", "admin"}


class KeepVisitAliveMiddleware:
    """Renews the session on the pages of a visit; every other request leaves it as it is.

    Sessions are otherwise saved only when changed (SESSION_SAVE_EVERY_REQUEST is off): a
    request that had merely read the session (the place step's type-ahead, a public page in
    another tab) used to write its older copy back over a step's answers saved meanwhile.
    It sits after the session middleware, so the session is saved after it has run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and VISIT_NAMESPACES.intersection(match.namespaces[:1]):
            request.session.modified = True
        return response
