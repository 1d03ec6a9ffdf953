; Inno Setup script for Board Admin: a per-user install that needs no administrator rights.
;
;   iscc /DAppVersion=0.1.0 packaging\board_admin.iss
;
; expects the PyInstaller one-folder build in dist\BoardAdmin and writes dist\BoardAdmin-<version>-setup.exe.
; The user's database, backups and templates live in %LOCALAPPDATA%\BoardAdmin, never in the program
; folder, so an upgrade (same AppId) replaces the program and keeps them, and so does an uninstall.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
; Fixed for ever: upgrades find and replace the installed program by this id.
AppId={{6C1F4C53-8B0A-4B7E-9E1D-2F5B7A9C0D41}
AppName=Board Admin
AppVersion={#AppVersion}
AppPublisher=Independent Safeguarding Partnership Service
DefaultDirName={autopf}\Board Admin
DefaultGroupName=Board Admin
; Per user by default (no administrator rights); an administrator may choose "for all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=BoardAdmin-{#AppVersion}-setup
SetupIconFile=board-admin.ico
UninstallDisplayIcon={app}\BoardAdmin.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
Source: "..\dist\BoardAdmin\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade removes the old bundle's files first, so that no stale library from an earlier version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Board Admin"; Filename: "{app}\BoardAdmin.exe"
Name: "{group}\Board Admin (demo database)"; Filename: "{app}\BoardAdmin.exe"; Parameters: "--demo"
Name: "{group}\Uninstall Board Admin"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Board Admin"; Filename: "{app}\BoardAdmin.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\BoardAdmin.exe"; Description: "Open Board Admin now"; Flags: nowait postinstall skipifsilent
