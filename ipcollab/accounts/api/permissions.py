"""Re-export of the one token-scope permission (ipcollab.core.api.permissions.TokenScope)."""

from ipcollab.core.api.permissions import TokenScope

__all__ = ["TokenScope"]
