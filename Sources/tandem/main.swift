import App
import Foundation

exit(await TandemMain.run())
