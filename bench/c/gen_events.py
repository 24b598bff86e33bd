#!/usr/bin/env python3
"""Writes realistic, deterministic sports-club payloads for the C benchmark: a JSON array of
mycoach.events.Event values (schemas/events.payload) of about the requested size.

    bench/c/gen_events.py --size 1MB --out bench/out/c/events-1mb.json [--seed 7]

The calendar of a club: trainings (with drills and bookable slots), matches (with results,
sanctions and sometimes their own rules), courses (sessions, an instructor, a fee) and staff
appointments (physio slots with prices). Every event decodes and validates against the schema.
Compact JSON, UTF-8, some non-ASCII text and escapes, as a real API sends. Python 3 standard
library only; the same seed and size give the same bytes.
"""
import argparse
import json
import random
import sys
from pathlib import Path

CITIES = [("Lyon", "69003", "FR"), ("Villeurbanne", "69100", "FR"), ("Genève", "1204", "CH"),
          ("Bruxelles", "1000", "BE"), ("Bilbao", "48001", "ES"), ("Köln", "50667", "DE"),
          ("Annecy", "74000", "FR"), ("Saint-Étienne", "42000", "FR"), ("Porto", "4000-001", "PT")]
VENUES = ["Stade Municipal", "Gymnase Jean Jaurès", "Patinoire Charlemagne", "Dojo du Parc",
          "Plage des Sables d'Or", "Complexe sportif de la Duchère", "Salle Omnisports",
          "Terrain synthétique n°2", "Vélodrome Georges Préveral", "Maison des associations"]
VENUE_TYPES = ["pitch", "hall", "rink", "dojo", "beach", "course", "office"]
STREETS = ["12 rue de la République", "3 avenue Jean Jaurès", "Chemin des Étangs",
           "45 boulevard des Belges", "Allée du Stade", "Bâtiment B, 2e étage"]
TEAMS = ["U9", "U11 A", "U11 B", "U13 A", "U13 B", "U15", "U18", "Seniors 1", "Seniors 2",
         "Vétérans", "Féminines A", "Loisirs"]
OPPONENTS = ["FC Lyon", "AS Saint-Priest", "Olympique Vaulx", "US Meyzieu", "ES Genas",
             "Racing Club d'Annecy", "SC Bron Terraillon", "FC Gerland", "CS Neuville",
             "Hockey Club Grenoble", "VBC Écully", "Judo Club Caluire"]
COMPETITIONS = ["District Cup", "Ligue Régionale 2", "Coupe de France", "Friendly tournament",
                "Championnat départemental", "Interclubs U13"]
DRILLS = [("Rondo 5v2", ["cones", "bibs"]), ("Passing square", ["cones", "balls"]),
          ("Finishing", ["balls", "mini goals"]), ("Small-sided game 4v4", ["bibs", "goals"]),
          ("Sprint intervals", ["cones"]), ("Set pieces: corners", ["balls"]),
          ("Recovery run", []), ("Goalkeeper diving", ["mats", "balls"]),
          ("Serve and receive", ["balls", "net"]), ("Breakdown technique", ["tackle bags"])]
FOCUS = ["technical", "tactical", "physical", "recovery", "set_pieces", "mental"]
STATUSES = ["scheduled"] * 8 + ["done"] * 4 + ["in-progress", "postponed", "cancelled",
                                               "abandoned"]
SPORTS = ["football", "rugby", "volleyball", "ice-hockey", "judo", "cycling", "surf"]
SANCTIONS = ["yellow_card", "red_card", "minor_penalty", "misconduct", "shido", "blue_card"]
TOPICS = ["First aid basics", "Concussion protocol", "Coaching U9 players", "Laws of the game",
          "Nutrition for young athletes", "Video analysis", "Mental preparation"]
PURPOSES = ["physio", "medical", "review", "parent_meeting", "interview", "massage"]
FIRST = ["Léa", "Hugo", "Chloé", "Lucas", "Inès", "Noah", "Zoé", "Jules", "Manon", "Adam",
         "Sofía", "Björn", "Anaïs", "Mathéo"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau",
        "Fournier", "Müller", "García", "O'Brien", "N'Diaye"]
NOTES = ["Bring both kits.", "Meet at the car park; \"carpooling\" list on the board.",
         "Pitch 2 if it rains.\nTell the coach if you are late.", "Water bottles!",
         "Parents welcome to watch from the stands.", "Shin guards are mandatory.",
         "Changing rooms 3 & 4.", "Snacks after the match 🍊", "Bus leaves at 8:15 sharp."]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.next_id = 1000

    def id(self):
        self.next_id += self.r.randint(1, 7)
        return self.next_id

    def datetime(self):
        r = self.r
        month, day = r.randint(1, 12), r.randint(1, 28)
        hour, minute = r.randint(7, 21), r.choice([0, 15, 30, 45])
        year = r.choice([2024, 2025])
        offset = r.choice(["+01:00", "+02:00", "Z", "+01:00", "+02:00", "-05:00"])
        fraction = r.choice(["", "", "", "", ".5", ".250", ".123456"])
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{fraction}{offset}"

    def later(self, text, minutes):
        # Keeps the same date; good enough for a benchmark (only the format is checked).
        hour = min(23, int(text[11:13]) + max(1, minutes // 60))
        return text[:11] + f"{hour:02d}" + text[13:]

    def location(self):
        r = self.r
        city, postal, country = r.choice(CITIES)
        location = {"name": f"{r.choice(VENUES)}, {city}"}
        if r.random() < 0.85:
            location["type"] = r.choice(VENUE_TYPES)
        if r.random() < 0.8:
            lines = [r.choice(STREETS)]
            if r.random() < 0.3:
                lines.append("Entrée " + r.choice("ABCD"))
            location["address"] = {"lines": lines, "postal_code": postal, "city": city,
                                   "country": country}
        if r.random() < 0.7:
            location["point"] = {"latitude": round(r.uniform(43.0, 51.0), 6),
                                 "longitude": round(r.uniform(-2.0, 8.0), 6)}
        if r.random() < 0.5:
            location["indoor"] = r.random() < 0.4
        if r.random() < 0.4:
            location["time_zone"] = "Europe/Paris"
        return location

    def money(self):
        r = self.r
        money = {"amount": f"{r.randint(0, 80)}.{r.choice(['00', '50', '90', '99'])}"}
        if r.random() < 0.5:
            money["currency"] = r.choice(["EUR", "CHF"])
        return money

    def slots(self, count, priced):
        r = self.r
        slots = []
        for _ in range(count):
            start = self.datetime()
            slot = {"id": self.id(), "starts_at": start, "ends_at": self.later(start, 30),
                    "capacity": r.randint(1, 20), "booked": r.randint(0, 5)}
            slot["price"] = self.money() if priced and r.random() < 0.8 else None
            slots.append(slot)
        return slots

    def title(self, kind):
        r = self.r
        team = r.choice(TEAMS)
        if kind == "match":
            return f"{team} vs. {r.choice(OPPONENTS)}"
        if kind == "training":
            return f"{team} – {r.choice(['training', 'entraînement', 'session'])}"
        return r.choice(TOPICS)

    def training(self):
        r = self.r
        start = self.datetime()
        event = {"kind": "training", "id": self.id(), "team_id": r.randint(1, 400),
                 "title": self.title("training"), "starts_at": start,
                 "ends_at": self.later(start, 90) if r.random() < 0.8 else None,
                 "location": self.location() if r.random() < 0.9 else None,
                 "status": r.choice(STATUSES),
                 "focus": r.sample(FOCUS, r.randint(0, 3)),
                 "intensity": r.randint(1, 10)}
        drills = []
        for _ in range(r.randint(1, 5)):
            name, equipment = r.choice(DRILLS)
            drill = {"name": name, "minutes": r.randint(5, 40), "equipment": equipment}
            if r.random() < 0.4:
                drill["description"] = r.choice(NOTES)
            drills.append(drill)
        event["drills"] = drills
        event["slots"] = self.slots(r.choice([0, 0, 0, 1, 2]), False)
        return event

    def exclusion(self):
        r = self.r
        kind = r.choice(["none", "timed", "rest-of-match"])
        if kind == "timed":
            return {"type": "timed", "minutes": r.choice([2, 5, 10]),
                    "team_short_handed": r.random() < 0.8}
        if kind == "rest-of-match":
            return {"type": "rest-of-match", "suspended_matches": r.randint(0, 3)}
        return {"type": "none"}

    def rules(self, sport):
        r = self.r
        sanctions = [{"sanction": r.choice(SANCTIONS), "occurrence": r.randint(1, 3),
                      "exclusion": self.exclusion(), "fair_play_points": r.randint(0, 5)}
                     for _ in range(r.randint(0, 3))]
        if sport == "ice-hockey":
            return {"type": "ice-hockey", "periods": 3, "period_minutes": r.choice([15, 20]),
                    "overtime_minutes": 5, "skaters_on_ice": 5, "sanctions": sanctions}
        if sport == "volleyball":
            return {"type": "volleyball", "sets_to_win": 3, "points_per_set": 25,
                    "libero_allowed": True, "sanctions": sanctions}
        return {"type": "football", "halves": 2, "half_minutes": r.choice([30, 35, 40, 45]),
                "players_on_field": r.choice([8, 11]), "max_substitutions": 5,
                "rolling_substitutions": r.random() < 0.3, "sanctions": sanctions}

    def match(self):
        r = self.r
        start = self.datetime()
        sport = r.choice(SPORTS[:4])
        event = {"kind": "match", "id": self.id(), "team_id": r.randint(1, 400),
                 "title": self.title("match"), "sport": sport, "opponent": r.choice(OPPONENTS),
                 "venue": r.choice(["home", "away", "neutral"]), "starts_at": start}
        if sport != "volleyball":
            event["duration_minutes"] = r.choice([60, 70, 80, 90])
        if r.random() < 0.2:
            event["rules"] = self.rules(sport)
        event["location"] = self.location() if r.random() < 0.9 else None
        if r.random() < 0.5:
            event["competition"] = r.choice(COMPETITIONS)
        event["status"] = r.choice(STATUSES)
        event["meet_minutes_before"] = r.choice([30, 45, 60, 90])
        if r.random() < 0.45:
            periods = [{"number": i + 1, "ours": r.randint(0, 3), "theirs": r.randint(0, 3)}
                       for i in range(r.choice([2, 3, 4, 5]))]
            sanctions = []
            for _ in range(r.randint(0, 3)):
                incident = {"player_id": r.randint(1, 9000), "sanction": r.choice(SANCTIONS),
                            "exclusion": self.exclusion()}
                if r.random() < 0.8:
                    incident["minute"] = r.randint(1, 90)
                sanctions.append(incident)
            result = {"ours": sum(p["ours"] for p in periods),
                      "theirs": sum(p["theirs"] for p in periods), "periods": periods,
                      "sanctions": sanctions, "extended": r.random() < 0.1,
                      "recorded_at": self.later(start, 120)}
            if r.random() < 0.5:
                result["report"] = r.choice(NOTES)
            event["result"] = result
        else:
            event["result"] = None
        return event

    def person(self):
        r = self.r
        kind = r.choice(["player", "staff", "guest"])
        name = f"{r.choice(FIRST)} {r.choice(LAST)}"
        if kind == "guest":
            person = {"type": "guest", "name": name,
                      "email": name.lower().replace(" ", ".").replace("'", "") + "@example.org"}
            if r.random() < 0.5:
                person["locale"] = r.choice(["fr", "en", "de-CH", "pt-BR"])
            return person
        person = {"type": kind, f"{kind}_id": r.randint(1, 9000)}
        if r.random() < 0.7:
            person["display_name"] = name
        return person

    def course(self):
        r = self.r
        start = self.datetime()
        sessions = []
        for _ in range(r.randint(1, 4)):
            sessions.append({"starts_at": self.datetime(), "minutes": r.choice([60, 90, 120, 180]),
                             "topic": r.choice(TOPICS)})
        event = {"kind": "course", "id": self.id(), "title": self.title("course"),
                 "starts_at": start, "ends_at": self.later(start, 480), "sessions": sessions,
                 "instructor": self.person() if r.random() < 0.9 else None,
                 "location": self.location() if r.random() < 0.9 else None}
        if r.random() < 0.6:
            event["max_participants"] = r.randint(6, 30)
        event["fee"] = self.money() if r.random() < 0.6 else None
        event["certificate_awarded"] = r.random() < 0.5
        event["language"] = r.choice(["fr", "en", "de-CH", "es"])
        event["status"] = r.choice(STATUSES)
        event["slots"] = self.slots(r.choice([0, 0, 1, 2, 3]), True)
        return event

    def appointment(self):
        r = self.r
        event = {"kind": "staff-appointment", "id": self.id(), "title": r.choice(
                     ["Physio sessions", "Medical check-ups", "Season reviews", "Parents' evening"]),
                 "staff_id": r.randint(1, 300), "purpose": r.choice(PURPOSES),
                 "starts_at": self.datetime(), "slot_minutes": r.choice([15, 20, 30, 45]),
                 "location": self.location() if r.random() < 0.7 else None,
                 "slots": self.slots(r.randint(2, 8), True)}
        if r.random() < 0.3:
            event["private_notes"] = r.choice(NOTES)
        event["status"] = r.choice(STATUSES)
        return event

    def event(self):
        x = self.r.random()
        if x < 0.40:
            return self.training()
        if x < 0.75:
            return self.match()
        if x < 0.85:
            return self.course()
        return self.appointment()


def parse_size(text):
    text = text.strip().upper()
    for suffix, factor in (("MB", 1_000_000), ("KB", 1_000), ("B", 1)):
        if text.endswith(suffix):
            return int(float(text[:-len(suffix)]) * factor)
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1MB", help="approximate size: 1MB, 50MB, 200KB")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    target = parse_size(args.size)
    gen = Gen(args.seed)
    pieces, total = [], 2
    while total < target:
        text = json.dumps(gen.event(), ensure_ascii=False, separators=(",", ":"))
        pieces.append(text)
        total += len(text.encode("utf-8")) + 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("[" + ",".join(pieces) + "]", encoding="utf-8")
    print(f"gen_events: {len(pieces)} events, {out.stat().st_size} bytes -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
