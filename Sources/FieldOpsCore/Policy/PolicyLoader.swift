import FieldOpsSupport
import Foundation
import Yams

extension Policy {
    /// Reads a policy from YAML (or JSON, which is YAML) at `path`.
    public static func load(path: String, name: String? = nil) throws(InputError) -> Policy {
        let label = name ?? path
        return try parse(readText(path: path, name: label), file: label)
    }

    /// Parses a policy document; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(InputError) -> Policy {
        try PolicyReader(root: YAMLCursor.document(text, file: file, what: "policy")).read()
    }
}

/// Reads each section of the policy document into `Policy`, checking it as it goes.
private struct PolicyReader {
    let root: YAMLCursor

    func read() throws(InputError) -> Policy {
        _ = try root.entries(allowed: ["name", "tiers", "tier_of_place", "components", "warranty", "exclusions",
                                       "installation", "inspection", "shift", "travel", "trips", "booked_window"])
        let tiers = try readTiers(root.required("tiers"))
        let selectors = try readSelectors(root.required("tier_of_place"))
        let components = try readComponents(root.required("components"))
        let warranty = try readWarranty(root.required("warranty"))
        let shift = try root.required("shift")
        _ = try shift.entries(allowed: ["start", "end"])
        let start = try clock(shift.required("start"))
        let end = try clock(shift.required("end"))
        if start == end { throw shift.fail("a shift cannot start and end at the same time") }
        var exclusions: [String: String] = [:]
        if let section = try root.child("exclusions") {
            for (key, value) in try section.entries() {
                guard key.range(of: #"^X[1-9]$"#, options: .regularExpression) != nil else {
                    throw value.fail("exclusion ids are X1–X9")
                }
                exclusions[key] = try value.string()
            }
        }
        var policy = Policy(
            name: try root.child("name")?.string() ?? "service policy",
            tiers: tiers, tierOfPlace: selectors, components: components, warranty: warranty,
            installation: try readVisit(root.required("installation"), rule: "M5"),
            inspection: try readVisit(root.required("inspection"), rule: "M6"),
            shiftStart: start, shiftEnd: end,
            travel: try readTravel(root.required("travel")),
            exclusions: exclusions)
        if let trips = try root.child("trips") { policy.trips = try readTrips(trips) }
        if let rule = try root.child("booked_window") {
            let text = try rule.string()
            guard let value = BookedWindowRule(rawValue: text) else {
                throw rule.fail("booked_window is start (work starts inside the window) or finish (it also ends inside it), not '\(text)'")
            }
            policy.bookedWindow = value
        }
        return policy
    }

    func readTrips(_ section: YAMLCursor) throws(InputError) -> TripRules {
        _ = try section.entries(allowed: ["max_nights_away", "min_rest_hours", "overnight_cost_minutes", "home_delay_minutes",
                                                  "overnight_long_haul"])
        var trips = TripRules()
        if let v = try section.child("max_nights_away") { trips.maxNightsAway = try v.wholeNumber(.nightsAway) }
        if let v = try section.child("min_rest_hours") { trips.minRestHours = try v.wholeNumber(.restHours) }
        if let v = try section.child("overnight_cost_minutes") { trips.overnightCostMinutes = try v.wholeNumber(.costMinutes) }
        if let v = try section.child("home_delay_minutes") { trips.homeDelayMinutes = try v.wholeNumber(.costMinutes) }
        if let v = try section.child("overnight_long_haul") { trips.overnightLongHaul = try v.bool() }
        return trips
    }

    func clock(_ cursor: YAMLCursor) throws(InputError) -> ClockTime {
        let text = try cursor.string()
        guard let time = ClockTime(text) else { throw cursor.fail("'\(text)' is not a time of day HH:MM") }
        return time
    }

    func rule(_ cursor: YAMLCursor, prefix: String) throws(InputError) -> String {
        let id = try cursor.required("rule").string()
        guard id.hasPrefix(prefix) else { throw cursor.fail("rule '\(id)' is not a \(prefix) rule of service-policy.md") }
        return id
    }

    func readTiers(_ section: YAMLCursor) throws(InputError) -> [Tier: TierRule] {
        var tiers: [Tier: TierRule] = [:]
        for (key, value) in try section.entries() {
            guard let tier = Tier(rawValue: key) else {
                throw value.fail("unknown tier (expected one of: \(Tier.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            _ = try value.entries(allowed: ["rule", "hours", "agreed", "default_hours"])
            let agreed = try value.child("agreed")?.bool() ?? false
            let hours = try value.child("hours")?.number(.deadlineHours)
            if !agreed, hours == nil { throw value.fail("a tier needs 'hours' (or 'agreed: true' for a deadline agreed case by case)") }
            if agreed, hours != nil { throw value.fail("an agreed tier has no fixed 'hours'; use 'default_hours'") }
            tiers[tier] = TierRule(rule: try rule(value, prefix: "D"), hours: hours, agreed: agreed,
                                   defaultHours: try value.child("default_hours")?.number(.deadlineHours))
        }
        for tier in Tier.allCases where tiers[tier] == nil {
            throw section.fail("tier '\(tier.rawValue)' is missing: every tier needs its hours")
        }
        return tiers
    }

    func readSelectors(_ section: YAMLCursor) throws(InputError) -> [TierSelector] {
        var selectors: [TierSelector] = []
        for item in try section.items() {
            _ = try item.entries(allowed: ["rule", "tier", "provinces", "prefectures", "levels", "capital_prefecture"])
            let tierText = try item.required("tier").string()
            guard let tier = Tier(rawValue: tierText) else { throw item.fail("unknown tier '\(tierText)'") }
            var selector = TierSelector(rule: try rule(item, prefix: "D"), tier: tier)
            selector.provinces = try item.child("provinces")?.strings() ?? []
            selector.prefectures = try item.child("prefectures")?.strings() ?? []
            if let levels = try item.child("levels") {
                for text in try levels.strings() {
                    guard let level = PlaceLevel(rawValue: text) else { throw levels.fail("unknown level '\(text)'") }
                    selector.levels.append(level)
                }
            }
            selector.capitalPrefecture = try item.child("capital_prefecture")?.bool() ?? false
            selectors.append(selector)
        }
        guard let last = selectors.last,
              last.provinces.isEmpty, last.prefectures.isEmpty, last.levels.isEmpty, !last.capitalPrefecture else {
            throw section.fail("the last line must match every place (a tier for everything else)")
        }
        return selectors
    }

    func readComponents(_ section: YAMLCursor) throws(InputError) -> [Component: ComponentRule] {
        var components: [Component: ComponentRule] = [:]
        for (key, value) in try section.entries() {
            guard let component = Component(rawValue: key) else {
                throw value.fail("unknown component (expected one of: \(Component.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            _ = try value.entries(allowed: ["rule", "coverage", "mode", "hot_swap_mode", "skill", "minutes"])
            let ruleID = try value.required("rule").string()
            guard ["W1", "W2", "W3", "M7"].contains(ruleID) else { throw value.fail("rule '\(ruleID)' must be W1, W2, W3 or M7") }
            let coverageText = try value.child("coverage")?.string() ?? CoverageClass.covered.rawValue
            guard let coverage = CoverageClass(rawValue: coverageText) else {
                throw value.fail("coverage '\(coverageText)' must be covered, not_covered or ask_vendor")
            }
            func mode(_ key: String) throws(InputError) -> ServiceMode? {
                guard let cursor = try value.child(key) else { return nil }
                let text = try cursor.string()
                guard let mode = ServiceMode(rawValue: text), ![.m4, .m5, .m6].contains(mode) else {
                    throw cursor.fail("'\(text)' is not a repair mode (M1, M2, M3 or M7)")
                }
                return mode
            }
            let entry = ComponentRule(rule: ruleID, coverage: coverage, mode: try mode("mode"),
                                      hotSwapMode: try mode("hot_swap_mode"),
                                      skill: try value.required("skill").string().lowercased(),
                                      minutes: try value.required("minutes").wholeNumber(.serviceMinutes))
            if coverage == .covered, entry.mode == nil { throw value.fail("a covered component needs its service 'mode'") }
            components[component] = entry
        }
        for component in Component.allCases where components[component] == nil {
            throw section.fail("component '\(component.rawValue)' has no rule: every component of formats.md needs one")
        }
        return components
    }

    func readWarranty(_ section: YAMLCursor) throws(InputError) -> WarrantyRule {
        _ = try section.entries(allowed: ["period_years", "invoice_valid_months", "produced_on_or_after", "extension_months",
                                          "accessory_months"])
        var warranty = WarrantyRule()
        func whole(_ key: String) throws(InputError) -> Int {
            try section.required(key).wholeNumber(.months)
        }
        warranty.periodYears = try section.required("period_years").wholeNumber(.warrantyYears)
        warranty.invoiceValidMonths = try whole("invoice_valid_months")
        warranty.extensionMonths = try whole("extension_months")
        if try section.child("accessory_months") != nil { warranty.accessoryMonths = try whole("accessory_months") }
        let cutoff = try section.required("produced_on_or_after")
        let text = try cutoff.string()
        guard let day = Day(iso: text) else { throw cutoff.fail("'\(text)' is not a date YYYY-MM-DD") }
        warranty.producedOnOrAfter = day
        return warranty
    }

    func readVisit(_ section: YAMLCursor, rule expected: String) throws(InputError) -> VisitRule {
        _ = try section.entries(allowed: ["rule", "skill", "minutes"])
        let id = try section.required("rule").string()
        guard id == expected else { throw section.fail("rule must be \(expected)") }
        return VisitRule(rule: id, skill: try section.required("skill").string().lowercased(), minutes: try section.required("minutes").wholeNumber(.serviceMinutes))
    }

    func readTravel(_ section: YAMLCursor) throws(InputError) -> TravelModel {
        _ = try section.entries(allowed: ["earth_radius_km", "road_factor", "driving_kmh", "long_haul_fixed_minutes", "long_haul_kmh"])
        var model = TravelModel()
        model.earthRadiusKm = try section.required("earth_radius_km").number(.earthRadiusKm)
        model.roadFactor = try section.required("road_factor").number(.roadFactor)
        model.drivingKmh = try section.required("driving_kmh").number(.speedKmh)
        model.longHaulFixedMinutes = try section.required("long_haul_fixed_minutes").number(.fixedMinutes)
        model.longHaulKmh = try section.required("long_haul_kmh").number(.speedKmh)
        return model
    }
}
