from bipin.cli import main

raise SystemExit(main())
