"""Between FastAPI's requests and responses and the framework-free endpoints' own."""

from asgi_correlation_id import correlation_id
from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from .replies import IncomingRequest, Reply


def incoming(request: Request) -> IncomingRequest:
    return IncomingRequest(
        request.headers,
        request.stream(),
        correlation_id.get() or "",
        query=request.query_params,
        base_url=str(request.base_url),
        client=request.client.host if request.client else "",
    )


def response(reply: Reply) -> Response:
    if reply.stream is not None:
        return StreamingResponse(reply.stream, status_code=reply.status, headers=reply.headers)
    return Response(reply.body, status_code=reply.status, headers=reply.headers)
