"""Service-wide pieces every layer shares: the error hierarchy, settings, users and audit."""
