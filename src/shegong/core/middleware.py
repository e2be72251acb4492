from .context import acting


class CorrelationIdMiddleware:
    """Give every request a correlation id (from ``X-Request-ID`` when a proxy sets one).

    Every audit record written while serving the request carries it, and the response
    returns it in ``X-Request-ID`` so that a support call can find the records.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        cid = incoming if incoming.isalnum() and len(incoming) <= 64 else None
        with acting(cid) as cid:
            request.correlation_id = cid
            response = self.get_response(request)
        response["X-Request-ID"] = cid
        return response
