"""The treatment catalog: modalities, windows, limits, rule tables and their sources."""

from careplanner.catalog.loader import CatalogError, default_catalog, load_catalog
from careplanner.catalog.model import FOUNDATION_LAYERS, LAYER_NAMES, LAYERS, Catalog, Modality

__all__ = [
    "FOUNDATION_LAYERS",
    "LAYERS",
    "LAYER_NAMES",
    "Catalog",
    "CatalogError",
    "Modality",
    "default_catalog",
    "load_catalog",
]
