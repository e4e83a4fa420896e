namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>What every MIMO report states about how the implementation relates to the official code and the paper.</summary>
internal static class ReportNotes
{
    public const string Implementation = """
        ### How this follows the official code, and where it follows the math instead

        - **Dither.** The official code adds no dither by default (its flag is inverted) while the base
          station models a Gaussian of σ = Δ/2 = 1 scaled unit. Unless a row says otherwise, this report uses that
          default; the dither ablation (`mimo/dither-ablation`) runs real Gaussian dither with the true σ.
        - **Bit accounting.** Feedback = R·b bits. The base station also needs the quantizer scale max|q|, sent as a
          float16 rounded up (16 side bits, the UE uses the rounded value itself); with real dither its σ is sent too
          (16 more). Training: Scheme 1 spends 2^round(log2(3·Nt)) orthogonal pilots, Scheme 2 one pilot per measurement.
        - **RELAX.** Same cyclic algorithm and stopping rule (relative fit-error change < 1e-3 or 10 sweeps), but: the
          16×-padded peak search is done on a 4× grid swept in full and the 16× grid around its peak (the code sweeps
          all of the 16× grid; `mimo/diagnostics` compares); each peak is refined by Newton steps on the 2-D
          periodogram (the code: 20 gradient steps from a 1e-7 step size) to the same local maximum; the fit error is
          the Frobenius norm (MATLAB's `norm` of a matrix, used by the code, is the spectral norm); the returned model
          is rebuilt from the final paths (the code's last `R_rec` uses steering matrices one update stale).
        - **M-step.** u = (MᵀM/σ² + ρI)⁻¹(Mᵀỹ/σ² + λ + ρr): the code omits the 1/σ² on Mᵀỹ, harmless at σ = 1 and
          wrong otherwise. Solved through Woodbury (an R×R Cholesky) and iterated in the R-dimensional measurement
          domain, which equals the code's P-dimensional iteration up to rounding (unit-tested).
        - **Scheme 2** runs on the 2·Nr·Nt real vector with real Gaussian pilots (the code's 4·Nr·Nt composite is the
          same problem when the pilots are real).
        - **Baselines are ours.** The paper's SparseMLE / EMMP definitions could not be read; *SparseMLE (grid)* is an
          ℓ1-penalized quantized-likelihood estimate on a 2× oversampled DFT grid (FISTA, μ = 0.1·μ_max chosen on
          separate seeds), LS is the minimum-norm fit to bin centres, LS+RELAX one K-path projection of LS, and
          MLE (unstructured) the likelihood step alone with a small ridge.
        - **BGain** is ‖Û_Kᴴ H V̂_K‖²_F with Û_K, V̂_K the top-K singular vectors of Ĥ (inferred: it is the metric whose
          plateau equals E‖H‖²_F ≈ 448 of the generator, as in the official figure); single-stream gain
          |û₁ᴴ H v̂₁|² and rate log2 det(I + SNR/K·H_eff H_effᴴ) at 10 dB are reported too.
        """;
}
