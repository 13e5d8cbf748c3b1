import Testing
@Test func ok2() {}
