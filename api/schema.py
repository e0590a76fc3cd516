"""The schema: every operation documents the error shape for the answers it can give."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

from api.errors import ErrorSerializer


class LontarAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        # 401/403 on anonymous endpoints too: a bad token is refused wherever it is sent.
        for code in ("400", "401", "403", "404", "429"):
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses
