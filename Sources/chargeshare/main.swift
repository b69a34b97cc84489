import ChargeShareCLI

ChargeShareCommand.main()
