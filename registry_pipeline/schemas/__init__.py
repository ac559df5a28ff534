"""pandera contracts between the steps, and the split of a frame into valid rows and rejects.

The column lists here are the interface between sources, transforms, warehouse and publish.
"""

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    PublishedScoreSchema,
    ScoreObservationSchema,
    empty_frame,
)
from registry_pipeline.schemas.quarantine import split_valid

__all__ = [
    "MODEL_RECORD_COLUMNS",
    "REJECT_COLUMNS",
    "SCORE_OBSERVATION_COLUMNS",
    "ModelRecordSchema",
    "PublishedScoreSchema",
    "ScoreObservationSchema",
    "empty_frame",
    "split_valid",
]
