"""Realistic Dutch persons, companies and employees for seed data (BSN and RSIN pass the 11-test)."""

from __future__ import annotations

import random
from dataclasses import dataclass

WELL_KNOWN_BSN = "999993653"  # a BRP test BSN; the seed gives this citizen 20-40 zaken

VOORNAMEN = ("Jan", "Sanne", "Mohammed", "Fatima", "Pieter", "Emma", "Daan", "Lotte", "Yusuf", "Anouk", "Thijs",
             "Noor", "Bram", "Sophie", "Kees", "Ayşe", "Ruben", "Julia", "Mehmet", "Lieke")  # fmt: skip
ACHTERNAMEN = (("", "Jansen"), ("de", "Vries"), ("van", "Dijk"), ("", "Bakker"), ("", "Visser"), ("", "Smit"),
               ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("van den", "Berg"),
               ("El", "Amrani"), ("", "Yilmaz"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
               ("", "Brouwer"), ("", "Pahlad"), ("de", "Wit"))  # fmt: skip
STRATEN = ("Vredenburg", "Oudegracht", "Neude", "Biltstraat", "Amsterdamsestraatweg", "Kanaalweg", "Lange Nieuwstraat",
           "Twijnstraat", "Vleutenseweg", "Croeselaan", "Maliesingel", "Nachtegaalstraat")  # fmt: skip
BEDRIJVEN = ("Bouwbedrijf De Toren B.V.", "Stichting Buurtkracht", "Evenementen Utrecht B.V.", "Café De Hoek V.O.F.",
             "Groenvoorziening Midden B.V.", "Vereniging Wijkfeest Oost")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    bsn: str
    voornaam: str
    voorvoegsel: str
    achternaam: str
    geslacht: str
    geboortedatum: str
    straat: str
    huisnummer: int
    postcode: str


@dataclass(frozen=True, slots=True)
class Company:
    kvk: str
    rsin: str
    naam: str


@dataclass(frozen=True, slots=True)
class Employee:
    identificatie: str
    voorletters: str
    voorvoegsel: str
    achternaam: str


def passes_11_test(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and number != "000000000"


def _eleven_proof(rng: random.Random, used: set[str]) -> str:
    while True:
        head = [rng.randrange(10) for _ in range(8)]
        head[0] = rng.randrange(1, 7)
        check = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        number = "".join(map(str, head)) + str(check)
        if number not in used:
            used.add(number)
            return number


def make_person(rng: random.Random, used: set[str], bsn: str | None = None) -> Person:
    voorvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    return Person(
        bsn=bsn or _eleven_proof(rng, used),
        voornaam=rng.choice(VOORNAMEN),
        voorvoegsel=voorvoegsel,
        achternaam=achternaam,
        geslacht=rng.choice(("m", "v")),
        geboortedatum=f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        straat=rng.choice(STRATEN),
        huisnummer=rng.randint(1, 250),
        postcode=f"35{rng.randint(10, 99)}{rng.choice('ABCDEGHJKL')}{rng.choice('ABCDEGHJKL')}",
    )


def make_company(rng: random.Random, used: set[str]) -> Company:
    return Company(
        kvk=f"{rng.randrange(10**7, 10**8)}", rsin=_eleven_proof(rng, used), naam=rng.choice(BEDRIJVEN)
    )


def make_employees(rng: random.Random, count: int) -> list[Employee]:
    employees = []
    for number in range(1, count + 1):
        voorvoegsel, achternaam = rng.choice(ACHTERNAMEN)
        employees.append(Employee(f"mwk-{number:03d}", rng.choice(VOORNAMEN)[0], voorvoegsel, achternaam))
    return employees
