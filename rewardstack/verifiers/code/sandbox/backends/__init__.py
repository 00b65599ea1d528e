"""Built-in sandbox backends, one module each: its config class, registered with ``@register_backend``.

The modules here hold only configs (no heavy imports): each config's ``build()`` imports its
implementation (``sandbox/bwrap_backend.py``, ...) when a backend is started. A new backend is one
module here, or in a plugin package (see ``sandbox/registry.py``).
"""
