import FieldOpsSupport
import Foundation

/// A part of a server that can fail, as tickets name it (formats.md).
///
/// The raw values are the names of `docs/formats.md`; the policy gives each its
/// coverage (W1–W3), service mode (M1–M7), skill and minutes on site.
public enum Component: String, Sendable, CaseIterable, Comparable {
    /// 主板.
    case mainboard
    /// CPU.
    case cpu
    /// 硬盘: M1 on site, or M7 shipped when hot-swap.
    case disk
    /// 内存.
    case memory
    /// 网卡.
    case nic
    /// RAID卡.
    case raid
    /// 显卡.
    case gpu
    /// 电源: M1 on site, or M7 shipped when hot-swap.
    case psu
    /// CPU板.
    case cpuBoard = "cpu_board"
    /// SAS背板.
    case sasBackplane = "sas_backplane"
    /// 内存板.
    case memoryBoard = "memory_board"
    /// 光驱: covered, carried in.
    case opticalDrive = "optical_drive"
    /// CPU风扇 (M3).
    case cpuFan = "cpu_fan"
    /// 显卡风扇 (M3).
    case gpuFan = "gpu_fan"
    /// 机箱风扇 (M3).
    case chassisFan = "chassis_fan"
    /// 机箱及其附件: not covered (W2).
    case chassis
    /// 键盘: shipped (M7).
    case keyboard
    /// 鼠标: shipped (M7).
    case mouse
    /// Any part the policy does not list: ask the vendor (W3).
    case other

    public static func < (a: Component, b: Component) -> Bool { a.rawValue < b.rawValue }
}

/// What a ticket asks for.
public enum TicketKind: String, Sendable, CaseIterable {
    /// A hardware fault (M1–M4, M7).
    case repair
    /// Rack installation and commissioning (M5).
    case installation
    /// A periodic inspection (M6).
    case inspection
}

/// A dispatcher's override of the warranty the dates would give.
public enum CoverageOverride: String, Sendable, CaseIterable {
    /// In warranty, whatever the dates say.
    case inWarranty = "in_warranty"
    /// A replaced part on its 3-month extension: covered, no on-site service (S6).
    case extensionNoOnsite = "extension_no_onsite"
    /// Out of warranty (X1).
    case outOfWarranty = "out_of_warranty"
    /// A paid on-site visit the dispatcher accepted: on-site whatever the warranty.
    case paidOnsite = "paid_onsite"
}

/// A service mode the customer or the hotline chose instead of the one the policy gives.
public enum RequestedMode: String, Sendable, CaseIterable {
    /// Phone or remote support is still handling it (M4).
    case remote
    /// The customer brings the part or machine in (M2).
    case carryIn = "carry_in"
}

/// An open ticket, as read from `tickets.csv` or an instance JSON.
public struct Ticket: Sendable, Identifiable {
    /// The unique ticket id.
    public var id: String
    /// Where the ticket was read from.
    public var location: SourceLocation
    /// Repair, installation or inspection.
    public var kind: TicketKind
    /// When the ticket was escalated to on-site: the SLA clock starts here (R2).
    public var reportedAt: Date?
    /// The place name as written.
    public var placeName: String?
    /// The gazetteer place, when `place` was given.
    public var place: Place?
    /// The site: `lat`/`lon` if given, else the place's coordinates.
    public var coordinate: Coordinate
    /// An explicit tier that overrides the place's.
    public var tier: Tier?
    /// An agreed on-site deadline that overrides the tier's hours.
    public var deadline: Date?
    /// The failed part (repairs).
    public var component: Component?
    /// Whether the part is hot-swappable (disk, psu: M7 instead of M1).
    public var hotSwap: Bool
    /// Extra skills the visit needs beyond the component's.
    public var extraSkills: [String]
    /// Expected minutes on site, overriding the policy's default.
    public var serviceMinutes: Int?
    /// A booked appointment window.
    public var windowStart: Date?
    /// The end of the booked window.
    public var windowEnd: Date?
    /// The invoice (purchase) date (S1).
    public var invoiceDate: Day?
    /// The factory (ship-out) date (S2–S5).
    public var factoryDate: Day?
    /// The actual delivery date (S3).
    public var deliveryDate: Day?
    /// When the failed part itself went in as a warranty replacement (S6).
    public var partReplacedDate: Day?
    /// When the failed part was added to the machine (增配): S7 in warranty, S8 after.
    public var partAddedDate: Day? = nil
    /// When the failed part was replaced or added for a fee after the warranty (S8).
    public var partPaidDate: Day? = nil
    /// A dispatcher's coverage override.
    public var coverage: CoverageOverride?
    /// A service mode chosen instead of the policy's (remote, carry-in).
    public var requestedMode: RequestedMode?
    /// Rule ids of X2–X9 the hotline recorded (misuse, tampering, …).
    public var exclusions: [String]
    /// Higher first among equals.
    public var priority: Int
    /// Every other column, carried through untouched (R1 fields and unknown columns).
    public var extras: [String: String]
    /// What the reader noticed and settled without stopping (a shared place name settled
    /// by the row's coordinates, a place far from them), reported with the triage.
    public var inputWarnings: [String] = []
}

/// Skill names compare without case: `GPU` and `gpu` are one skill.
public enum Skill {
    /// Skills lower-cased, duplicates dropped, sorted.
    public static func normalized(_ skills: [String]) -> [String] {
        Array(Set(skills.map { $0.lowercased() })).sorted()
    }
}

extension Ticket {
    /// The site as a dispatcher's table shows it: `海淀 (北京)`, `成都`, or coordinates.
    public var placeLabel: String {
        guard let place else { return String(format: "%.3f,%.3f", coordinate.lat, coordinate.lon) }
        if place.level == .prefecture || place.level == .municipality || place.prefecture == place.name { return place.shortName }
        return "\(place.shortName) (\(place.prefecture.replacingOccurrences(of: "市", with: "")))"
    }
}

/// A field engineer, as read from `engineers.csv` or an instance JSON.
public struct Engineer: Sendable, Identifiable {
    /// The unique engineer id.
    public var id: String
    /// Where the engineer was read from.
    public var location: SourceLocation
    /// The name shown in plans.
    public var name: String
    /// The base place name as written.
    public var baseName: String?
    /// The gazetteer place of the base, when `base` was given.
    public var base: Place?
    /// The home base coordinates.
    public var home: Coordinate
    /// Where the engineer is now, if away from base (an overnight trip).
    public var current: Coordinate?
    /// Skills, sorted.
    public var skills: [String]
    /// Shift start, local time.
    public var shiftStart: ClockTime
    /// Shift end, local time; at or before the start means the shift ends the next day.
    public var shiftEnd: ClockTime
    /// Days off.
    public var off: [Day]
    /// Every other column, carried through untouched.
    public var extras: [String: String]
    /// What the reader noticed and settled without stopping (a shared base name settled
    /// by the row's coordinates).
    public var inputWarnings: [String] = []

    /// Where the engineer starts from: the current position, else the base.
    public var startCoordinate: Coordinate { current ?? home }

    /// Whether the engineer has every skill in `needed`.
    public func canServe(skills needed: [String]) -> Bool {
        needed.allSatisfy { skills.contains($0) }
    }

    /// Shift length in minutes.
    public var shiftMinutes: Int {
        let raw = shiftEnd.minutes - shiftStart.minutes
        return raw > 0 ? raw : raw + minutesPerDay
    }

    /// The base as a dispatcher names it: the place's short name, else its coordinates.
    public var baseLabel: String {
        if let base { return base.shortName }
        return String(format: "%.3f,%.3f", home.lat, home.lon)
    }
}
