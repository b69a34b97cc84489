import ChargeShareCLI

ChargeShareCommand.mainCheckingOutput()
