import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Gazetteer")
struct GazetteerTests {
    let gazetteer = Shipped.gazetteer

    func resolve(_ text: String) -> Place? {
        if case .success(let place) = gazetteer.resolve(text) { return place }
        return nil
    }

    @Test("All 3,183 shipped places are read, one per real place")
    func count() {
        #expect(gazetteer.places.count == 3183)
        #expect(Set(gazetteer.places.map(\.code)).count == gazetteer.places.count)
    }

    @Test("Every place resolves by its name qualified by its prefecture")
    func everyPlaceByQualifiedName() {
        var failures: [String] = []
        for place in gazetteer.places where resolve("\(place.name),\(place.prefecture)")?.code != place.code {
            failures.append("\(place.code) \(place.name),\(place.prefecture)")
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test("Every place resolves by its code; a prefecture also by its 6- and 12-digit codes")
    func everyPlaceByCode() {
        var failures: [String] = []
        for place in gazetteer.places {
            var codes = [place.code]
            if place.code.count == 4 { codes += [place.code + "00", place.code + "00000000"] }
            if place.code.count == 6 { codes.append(place.code + "000000") }
            for code in codes where resolve(code)?.code != place.code { failures.append("\(code) \(place.name)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
        #expect(resolve("510000") == nil, "a province code names no place")
        #expect(resolve("110000")?.name == "北京市", "a municipality's province code names it")
    }

    @Test("Cities without districts are one place each, by any spelling and either code", arguments: [
        ("东莞", "4419"), ("东莞市", "4419"), ("东莞市,广东省", "4419"), ("441900", "4419"), ("4419", "4419"),
        ("中山市,广东省", "4420"), ("442000", "4420"), ("儋州", "4604"), ("460400", "4604"), ("嘉峪关", "6202"), ("620200", "6202"),
        ("吉林", "2202"), ("吉林市", "2202"), ("Jilin", "2202"), ("510100", "5101"), ("石河子", "659001"), ("济源", "419001"),
    ])
    func citiesWithoutDistricts(text: String, code: String) {
        #expect(resolve(text)?.code == code)
    }

    @Test("Every place has coordinates inside China, from a cited source")
    func coordinatesInsideChina() {
        let sources: Set = ["cpca", "cpca-2021", "wikipedia", "geonames", "official", "prefecture", "approximate"]
        for place in gazetteer.places {
            guard let c = place.coordinate else {
                Issue.record("\(place.code) \(place.name) has no coordinates")
                continue
            }
            #expect((3.8...53.6).contains(c.lat) && (73.4...135.1).contains(c.lon), "\(place.code) \(place.name) at \(c)")
            #expect(sources.contains(place.coordinateSource), "\(place.code) \(place.coordinateSource)")
        }
    }

    @Test("No two places of different prefectures share a point (bar the two marked approximate)")
    func noSharedPoints() {
        let byPoint = Dictionary(grouping: gazetteer.places.filter { $0.coordinateSource != "approximate" },
                                 by: { "\($0.coordinate!.lat),\($0.coordinate!.lon)" })
        let shared = byPoint.values.filter { Set($0.map(\.prefecture)).count > 1 }
        #expect(shared.isEmpty, "\(shared.prefix(5).map { $0.map(\.name) })")
        #expect(gazetteer.places.filter { $0.coordinateSource == "approximate" }.count <= 2)
    }

    @Test("Well-known places lie within 5 km of their known seats", arguments: [
        ("北京市", 39.904, 116.407), ("上海市", 31.230, 121.473), ("广州市", 23.129, 113.264), ("成都市", 30.573, 104.066),
        ("乌鲁木齐市", 43.825, 87.617), ("拉萨市", 29.652, 91.172), ("天门市", 30.663, 113.166), ("石河子市", 44.306, 86.080),
        ("济源市", 35.067, 112.602), ("阿拉尔市", 40.548, 81.281), ("荣县", 29.445, 104.418), ("新华区,石家庄市", 38.051, 114.463),
        ("东莞市", 23.021, 113.752), ("嘉峪关市", 39.773, 98.289), ("北屯市", 47.358, 87.818), ("龙华区,深圳市", 22.657, 114.016),
    ])
    func knownPoints(text: String, lat: Double, lon: Double) throws {
        let place = try #require(resolve(text))
        let km = Gazetteer.kilometres(try #require(place.coordinate), Coordinate(lat: lat, lon: lon))
        #expect(km < 5, "\(text) is \(km) km from \(lat),\(lon)")
    }

    @Test("A shared name with the row's coordinates picks the place within 50 km, and says so")
    func nearestCandidate() throws {
        // 朝阳区 of Beijing lies at about 39.92, 116.44; 朝阳区 of Changchun and 朝阳市 are far.
        guard case .success(let found) = gazetteer.resolve("朝阳", near: Coordinate(lat: 39.95, lon: 116.45)) else {
            Issue.record("朝阳 near Beijing should resolve")
            return
        }
        #expect(found.place.prefecture == "北京市")
        #expect(found.note?.contains("chose 朝阳区 (北京市)") == true)
        // Far from every candidate: still an error that lists them.
        guard case .failure(.ambiguous) = gazetteer.resolve("朝阳", near: Coordinate(lat: 30.0, lon: 100.0)) else {
            Issue.record("朝阳 far from every candidate should stay ambiguous")
            return
        }
        let chaoyang = try ticket(["reported_at=2026-11-25T07:00:00+08:00", "place=朝阳", "lat=39.95", "lon=116.45", "component=cpu"])
        #expect(chaoyang.place?.prefecture == "北京市")
        #expect(chaoyang.inputWarnings.count == 1)
    }

    @Test("A place far from the row's own coordinates is a warning")
    func contradictingCoordinates() throws {
        let far = try ticket(["reported_at=2026-11-25T07:00:00+08:00", "place=成都市", "lat=39.9", "lon=116.4", "component=cpu"])
        #expect(far.inputWarnings.contains { $0.contains("km from the row's lat/lon") })
        let near = try ticket(["reported_at=2026-11-25T07:00:00+08:00", "place=成都市", "lat=30.6", "lon=104.1", "component=cpu"])
        #expect(near.inputWarnings.isEmpty)
    }

    @Test("Errors suggest names, never bare codes")
    func messagesSuggestNames() {
        var bare: [String] = []
        for name in Set(gazetteer.places.map(\.shortName)) {
            if case .failure(.ambiguous(_, let candidates)) = gazetteer.resolve(name) {
                bare += candidates.filter { $0.allSatisfy(\.isNumber) }
            }
        }
        #expect(bare.isEmpty, "\(bare.prefix(10))")
        guard case .failure(let error) = gazetteer.resolve("石家庄新华区") else {
            Issue.record("石家庄新华区 is not a gazetteer name")
            return
        }
        #expect(!error.message.isEmpty)
        guard case .failure(let unknown) = gazetteer.resolve("东莞县") else { return }
        #expect(unknown.message.contains("did you mean '东莞市'"))
    }

    @Test("A place resolves by full name, short name and pinyin", arguments: ["成都", "成都市", "Chengdu", "chengdu", "cheng du", "CHENGDU"])
    func spellings(text: String) {
        #expect(resolve(text)?.code == "5101")
    }

    @Test("A shared name is an error listing every candidate, each spelled so it resolves alone")
    func ambiguous() throws {
        guard case .failure(.ambiguous(let name, let candidates)) = gazetteer.resolve("朝阳") else {
            Issue.record("朝阳 should be ambiguous")
            return
        }
        #expect(name == "朝阳")
        #expect(candidates.count == 3)
        #expect(candidates.contains("朝阳区,北京市"))
        #expect(candidates.contains("朝阳市"))
        for candidate in candidates { #expect(resolve(candidate) != nil) }
        #expect(PlaceLookupError.ambiguous("朝阳", candidates: candidates).message.contains("add the province or prefecture"))
    }

    @Test("A province or prefecture after a comma picks one place", arguments: [
        ("通州, 北京", "北京市"), ("通州区,北京市", "北京市"), ("通州,南通", "南通市"), ("朝阳区,长春市", "长春市"),
        ("朝阳,吉林省", "长春市"), ("Tongzhou, Beijing", "北京市"), ("西安区,辽源市", "辽源市"),
    ])
    func qualified(text: String, prefecture: String) {
        #expect(resolve(text)?.prefecture == prefecture)
    }

    @Test("Xi'an written 西安 is ambiguous (two 西安区 districts), 西安市 is not")
    func xian() {
        #expect(resolve("西安") == nil)
        #expect(resolve("西安市")?.code == "6101")
    }

    @Test("An unknown name, or a qualifier that matches none of its places, is unknown")
    func unknown() {
        #expect(gazetteer.resolve("不存在市") == .failure(.unknown("不存在市")))
        #expect(resolve("海淀,上海") == nil)
        #expect(resolve("") == nil)
    }

    @Test("Every place's suggested spelling resolves back to that place")
    func everySpellingRoundTrips() {
        var failures: [String] = []
        for place in gazetteer.places {
            let spelling = gazetteer.spelling(of: place)
            if resolve(spelling)?.code != place.code { failures.append("\(place.code) \(spelling)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test("Tiers follow the reading of D1–D5: first matching line wins", arguments: [
        ("北京市", Tier.metro), ("朝阳区,北京市", .metro), ("南山区,深圳市", .metro), ("崇明区", .metro),
        ("天津市", .capital), ("重庆市", .capital), ("武侯区", .capital), ("乌鲁木齐市", .agreed), ("拉萨市", .agreed),
        ("喀什地区", .agreed), ("绵阳市", .city), ("涪城区", .city), ("大邑县", .town), ("城口县", .town), ("昆山市", .town),
    ])
    func tiers(text: String, tier: Tier) throws {
        let place = try #require(resolve(text))
        #expect(Shipped.policy.tier(of: place, in: gazetteer)?.tier == tier)
    }
}
