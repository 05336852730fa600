import CLI

@main
enum Main {
    static func main() async {
        await WorldPopDHIS2.main()
    }
}
