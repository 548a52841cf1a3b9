"""The standard vocabularies an EPCIS 2.0 event may use without declaring a namespace (CBV 2.0, GS1 Web Vocabulary).

Written down as frozen data, not read from GS1's files: the lists are facts of the standard (they match the enums
of the ratified EPCIS 2.0.1 JSON schema), while GS1's artefacts carry no open licence. A standard value may be
spelt as a bare term ("shipping"), a GS1 Web URI ("https://ref.gs1.org/cbv/BizStep-shipping"), its CURIE
("cbv:BizStep-shipping": the prefix is protected by the EPCIS context) or, for the CBV code lists that had one,
the CBV 1.x URN ("urn:epcglobal:cbv:bizstep:shipping").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

CbvKind = Literal[
    "bizStep", "disposition", "bizTransactionType", "sourceDestType", "errorReason", "component",
    "measurementType", "sensorAlertType",
]

CBV_NAMESPACE = "https://ref.gs1.org/cbv/"
GS1_VOC_NAMESPACE = "https://gs1.org/voc/"


@dataclass(frozen=True)
class Vocabulary:
    """One code list and the prefixes its standard terms are spelt with."""

    kind: CbvKind
    label: str
    terms: frozenset[str]
    web_prefix: str
    curie_prefix: str
    urn_prefix: str | None = None

    def spellings(self, term: str) -> tuple[str, ...]:
        """Every accepted spelling of a standard term, the canonical Web URI first."""
        forms = [self.web_prefix + term, self.curie_prefix + term, term]
        if self.urn_prefix:
            forms.append(self.urn_prefix + term)
        return tuple(forms)


def _cbv(kind: CbvKind, label: str, code: str, urn: str | None, terms: str) -> Vocabulary:
    return Vocabulary(kind, label, frozenset(terms.split()), f"{CBV_NAMESPACE}{code}-", f"cbv:{code}-",
                      f"urn:epcglobal:cbv:{urn}:" if urn else None)


def _gs1(kind: CbvKind, label: str, terms: str) -> Vocabulary:
    return Vocabulary(kind, label, frozenset(terms.split()), GS1_VOC_NAMESPACE, "gs1:")


_ALL = (
    _cbv("bizStep", "CBV business step", "BizStep", "bizstep", """
        accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting
        decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting
        installing killing loading other packing picking receiving removing repackaging repairing replacing
        reserving retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing
        transporting unloading unpacking void_shipping"""),
    _cbv("disposition", "CBV disposition", "Disp", "disp", """
        active available completeness_inferred completeness_verified conformant container_closed container_open
        damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_class
        mismatch_instance mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other
        partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible
        stolen unavailable unknown"""),
    _cbv("bizTransactionType", "CBV business transaction type", "BTT", "btt",
         "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt"),
    _cbv("sourceDestType", "CBV source/destination type", "SDT", "sdt", "location owning_party possessing_party"),
    _cbv("errorReason", "CBV error reason", "ER", "er", "did_not_occur incorrect_data"),
    _cbv("component", "CBV sensor component", "Comp", None, """
        altitude axial_distance azimuth easting elevation_angle height latitude longitude northing polar_angle
        spherical_radius x y z"""),
    _gs1("measurementType", "GS1 measurement type", """
        AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Altitude AmountOfSubstance
        AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance
        Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity
        ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency
        Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux
        LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration
        MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power
        Pressure RadiantFlux RadiantIntensity Radioactivity RelativeHumidity Resistance Resistivity SolidAngle
        SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate
        VolumeFraction VolumetricFlux Wavenumber"""),
    _gs1("sensorAlertType", "GS1 sensor alert type", "ALARM_CONDITION ERROR_CONDITION"),
)

VOCABULARIES: Mapping[CbvKind, Vocabulary] = MappingProxyType({vocabulary.kind: vocabulary for vocabulary in _ALL})


def standard_term(kind: CbvKind, value: str) -> str | None:
    """The bare standard term `value` spells (in any accepted form), or None if it is no standard value."""
    vocabulary = VOCABULARIES[kind]
    for prefix in (vocabulary.web_prefix, vocabulary.curie_prefix, vocabulary.urn_prefix, ""):
        if prefix is not None and value.startswith(prefix) and value[len(prefix):] in vocabulary.terms:
            return value[len(prefix):]
    return None


def is_standard(kind: CbvKind, value: str) -> bool:
    """Is `value` a standard value of this code list, in any of its accepted spellings?"""
    return standard_term(kind, value) is not None


def canonical_cbv(kind: CbvKind, value: str) -> str:
    """The full GS1 Web URI of a standard value (what the CBV 2.0 event hash and JSON-LD expansion use)."""
    term = standard_term(kind, value)
    if term is None:
        raise ValueError(f"{value!r} is not a {VOCABULARIES[kind].label}")
    return VOCABULARIES[kind].web_prefix + term


def in_standard_namespace(kind: CbvKind, iri: str) -> bool:
    """Does this (expanded) IRI claim to be a term of the code list, whether or not the term exists?

    "https://ref.gs1.org/cbv/BizStep-foo" is no extension: it pretends to be a standard business step.
    """
    vocabulary = VOCABULARIES[kind]
    prefixes = (vocabulary.web_prefix, vocabulary.urn_prefix or vocabulary.web_prefix)
    return iri.startswith(prefixes)
