"""CBV 2.0 / EPCIS 2.0 standard vocabulary, as the event hash needs it, without fetching any JSON-LD context.

JSON/JSON-LD events carry standard values in bare-string form ("shipping", "in_transit", "Temperature"); the EPCIS
2.0 context maps each to a GS1 Web URI. The pre-hash string must contain the Web URI (CBV 2.0 event hash rule 16),
so the terms are listed here, per field, as the standard's context defines them. An unknown bare string stays as it
is: guessing a URI for a term the standard does not define would give it a meaning the sender never gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

CBV: Final = "https://ref.gs1.org/cbv/"
GS1_VOC: Final = "https://gs1.org/voc/"

DEFAULT_NAMESPACES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "epcis": "https://ref.gs1.org/epcis/",
        "cbv": CBV,
        "cbvmda": "urn:epcglobal:cbv:mda:",
        "gs1": GS1_VOC,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dcterms": "http://purl.org/dc/terms/",
    }
)
"""Prefixes the EPCIS 2.0 context itself declares: usable in any EPCIS 2.0 document without redeclaring them."""


def _terms(base: str, words: str) -> Mapping[str, str]:
    return MappingProxyType({word: base + word for word in words.split()})


BIZ_STEPS: Final = _terms(
    CBV + "BizStep-",
    "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting "
    "decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting "
    "installing killing loading other packing picking receiving removing repackaging repairing replacing reserving "
    "retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting "
    "unloading unpacking void_shipping",
)
DISPOSITIONS: Final = _terms(
    CBV + "Disp-",
    "active available completeness_verified completeness_inferred conformant container_closed container_open "
    "damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance "
    "mismatch_class mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other "
    "partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen "
    "unavailable unknown",
)
BIZ_TRANSACTION_TYPES: Final = _terms(
    CBV + "BTT-", "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt"
)
SOURCE_DESTINATION_TYPES: Final = _terms(CBV + "SDT-", "owning_party possessing_party location")
ERROR_REASONS: Final = _terms(CBV + "ER-", "did_not_occur incorrect_data")
COMPONENTS: Final = _terms(
    CBV + "Comp-",
    "x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude "
    "longitude altitude",
)
MEASUREMENT_TYPES: Final = _terms(
    GS1_VOC,
    "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance "
    "AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance "
    "Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity "
    "ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency "
    "Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux "
    "LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate "
    "MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux "
    "RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity "
    "SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber",
)
SENSOR_ALERT_TYPES: Final = _terms(GS1_VOC, "ALARM_CONDITION ERROR_CONDITION")

_CBV_URN_VOCABULARIES: Final = (
    ("urn:epcglobal:cbv:bizstep:", CBV + "BizStep-"),
    ("urn:epcglobal:cbv:disp:", CBV + "Disp-"),
    ("urn:epcglobal:cbv:btt:", CBV + "BTT-"),
    ("urn:epcglobal:cbv:sdt:", CBV + "SDT-"),
    ("urn:epcglobal:cbv:er:", CBV + "ER-"),
)


def cbv_urn_to_web_uri(value: str) -> str:
    """EPCIS 1.x URN vocabulary ('urn:epcglobal:cbv:bizstep:receiving') as its CBV 2.0 Web URI (hash rule 14)."""
    for urn_prefix, web_prefix in _CBV_URN_VOCABULARIES:
        if value.startswith(urn_prefix):
            return web_prefix + value[len(urn_prefix) :]
    return value


def merge_namespaces(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """The standard prefixes overlaid by each given layer in turn (a later declaration wins, as in JSON-LD)."""
    merged = dict(DEFAULT_NAMESPACES)
    for layer in layers:
        if layer:
            merged.update(layer)
    return merged


def context_prefixes(context: object) -> dict[str, str]:
    """Prefix → IRI declarations of one JSON-LD @context value (a URL, an object, or a list of those).

    Remote contexts (plain URL strings) are not fetched: the EPCIS one is covered by DEFAULT_NAMESPACES.
    """
    found: dict[str, str] = {}
    for entry in _context_entries(context):
        for term, definition in entry.items():
            iri = definition.get("@id") if isinstance(definition, Mapping) else definition
            if isinstance(term, str) and not term.startswith("@") and isinstance(iri, str) and _is_iri(iri):
                found[term] = iri
    return found


def _context_entries(context: object) -> Iterable[Mapping[object, object]]:
    if isinstance(context, Mapping):
        yield context
    elif isinstance(context, list):
        for item in context:
            yield from _context_entries(item)


def _is_iri(value: str) -> bool:
    scheme, colon, _rest = value.partition(":")
    return bool(colon) and scheme.isascii() and scheme[:1].isalpha() and not value.startswith("@")
