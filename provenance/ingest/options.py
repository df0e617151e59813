"""What a user lets one run change beyond the documents it names.

Both are refused by default, each with a message naming the option that allows it: a run
that would drop another annotation's relations, or overwrite what the database says of an
actor, does so only when asked. Where a file's actor differs from the stored one, the user
says which wins: the file (``--update-actors``) or the database (``--keep-stored-actors``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunOptions:
    #: a removed claim takes with it the relations and reviews others declared on it
    drop_dependent: bool = False
    #: the files' actor definitions replace the stored values of the fields they set
    update_actors: bool = False
    #: the stored values stay where a file's actor definition differs (older files)
    keep_actors: bool = False
