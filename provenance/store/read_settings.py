"""What a read transaction on PostgreSQL sets for itself: no JIT compilation.

PostgreSQL compiles a statement to machine code when its estimated cost passes
``jit_above_cost`` (100,000 by default, and JIT is on by default since version 12). The
unbounded contradictions listing at a million claims is priced near 190,000: the server
spent 0.1-0.2 s compiling it (EXPLAIN ANALYZE, "JIT: ... Emission") to run a query of under
a second, on every run, since nothing is kept between processes. Every read of this tool
is one such short statement. ``set_config(..., true)`` lasts the transaction only; a server
without the setting (before version 11) is left as it is.
"""

from __future__ import annotations

NO_JIT = "SELECT set_config('jit', 'off', true) WHERE current_setting('jit', true) IS NOT NULL"
